// Bearer token from the environment: submit with --env TOKEN=... (the demo target accepts
// "secret-token"). Env values reach the script as __ENV and are never echoed back by the service.
// k6-standin: auth-bearer
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';
const TOKEN = __ENV.TOKEN;

export const options = {
  vus: 1,
  iterations: 10,
  thresholds: { checks: ['rate==1'] },
};

export default function () {
  const res = http.get(`${BASE_URL}/auth`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  check(res, { 'authorized': (r) => r.status === 200 });
}
