// Mixed traffic with errors: a flaky endpoint (30 % 500s), one that always fails, one healthy.
// No thresholds, so k6 itself is happy (exit 0): the service's anomaly detection is what
// flags the high error rate and the always-failing endpoint.
// k6-standin: mixed-errors
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';

export const options = { vus: 4, duration: '10s' };

export default function () {
  const flaky = http.get(`${BASE_URL}/flaky?fail=0.3`);
  check(flaky, { 'flaky ok': (r) => r.status === 200 });
  const broken = http.get(`${BASE_URL}/status/500`);
  check(broken, { 'always 500': (r) => r.status === 200 });
  http.get(`${BASE_URL}/ok`);
  sleep(0.05);
}
