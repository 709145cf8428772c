import http from 'k6/http';
import exec from 'k6/execution';
import { check, group, sleep } from 'k6';
export const options = {
  stages: [{ duration: '20s', target: 4 }, { duration: '70s', target: 24 }, { duration: '30s', target: 24 }],
  thresholds: { http_req_duration: ['p(95)<250'], http_req_failed: ['rate<0.05'], checks: ['rate>0.9'] },
};
const T = 'http://127.0.0.1:18090';
const DEGRADE = __ENV.DEGRADE !== '0';
export default function () {
  const elapsed = (Date.now() - exec.scenario.startTime) / 1000;
  group('browse', () => {
    check(http.get(`${T}/ok`), { 'home is 200': (r) => r.status === 200 });
  });
  group('checkout', () => {
    const ms = DEGRADE ? Math.round(20 + Math.max(0, elapsed - 40) * 2.5) : 20;
    check(http.get(`${T}/slow?ms=${ms}`, { tags: { name: `${T}/slow` } }), { 'cart is 200': (r) => r.status === 200 });
    const fail = DEGRADE && elapsed >= 70 && elapsed < 80 ? 0.85 : 0.01;
    check(http.get(`${T}/flaky?fail=${fail}`, { tags: { name: `${T}/flaky` } }), { 'order placed': (r) => r.status === 200 });
  });
  sleep(0.25);
}
