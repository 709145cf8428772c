// A service that slows down under sustained load: /degrading adds 1 ms of latency every 10
// requests. Averages hide it; the analyzer's timeline rules flag the growing latency.
// (Without k6 the stand-in replays its closest recording, 300 ms responses with 10 VUs.)
// k6-standin: slow-responses
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';

export const options = { vus: 10, duration: '30s' };

export function setup() {
  http.get(`${BASE_URL}/reset`);
}

export default function () {
  const res = http.get(`${BASE_URL}/degrading`);
  check(res, { 'status is 200': (r) => r.status === 200 });
}
