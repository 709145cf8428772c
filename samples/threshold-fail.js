// Thresholds that fail on purpose: half the requests to /flaky fail. k6 exits 99, the run is
// "completed" with thresholds.passed=false, and `k6runner run --wait` exits 99 so CI stops.
// k6-standin: threshold-fail
import http from 'k6/http';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';

export const options = {
  vus: 3,
  duration: '5s',
  thresholds: {
    http_req_failed: ['rate<0.01'],
    http_req_duration: ['p(95)<1000'],
  },
};

export default function () {
  http.get(`${BASE_URL}/flaky?fail=0.5`);
}
