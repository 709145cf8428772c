// Ramping load: 0 → 10 users over 5 s, hold for 10 s, back to 0 over 5 s.
// --vus/--duration on the command line replace these stages, as with k6 run.
// k6-standin: stages
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';

export const options = {
  stages: [
    { duration: '5s', target: 10 },
    { duration: '10s', target: 10 },
    { duration: '5s', target: 0 },
  ],
  thresholds: { http_req_failed: ['rate<0.01'], http_req_duration: ['p(95)<300'] },
};

export default function () {
  const res = http.get(`${BASE_URL}/ok`);
  check(res, { 'status is 200': (r) => r.status === 200 });
  sleep(0.1);
}
