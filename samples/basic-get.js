// Basic GET: a few users fetch a healthy endpoint; one latency threshold gates the run.
// k6-standin: basic-get
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';

export const options = {
  vus: 5,
  duration: '10s',
  thresholds: { http_req_duration: ['p(95)<500'] },
};

export default function () {
  const res = http.get(`${BASE_URL}/ok`);
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(0.1);
}
