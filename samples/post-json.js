// JSON API test: create items with POST and check what the API answers.
// k6-standin: post-json
import http from 'k6/http';
import { check } from 'k6';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';

export const options = {
  vus: 2,
  iterations: 50,
  thresholds: { checks: ['rate>0.99'] },
};

export default function () {
  const payload = JSON.stringify({ name: 'widget', qty: 3 });
  const res = http.post(`${BASE_URL}/items`, payload, { headers: { 'Content-Type': 'application/json' } });
  check(res, {
    'created': (r) => r.status === 201,
    'echoes name': (r) => r.json('name') === 'widget',
  });
}
