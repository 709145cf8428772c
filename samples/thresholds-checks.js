// A checkout journey with groups, checks, custom metrics, test-wide tags and thresholds on
// each: the way a CI job gates a release. Passes against the demo target (exit 0).
// k6-standin: groups-custom-metrics
import http from 'k6/http';
import { group, check } from 'k6';
import { Trend, Counter, Rate } from 'k6/metrics';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';
const cartTime = new Trend('cart_time', true);
const orders = new Counter('orders_placed');
const checkoutOk = new Rate('checkout_ok');

export const options = {
  vus: 2,
  iterations: 20,
  tags: { team: 'payments' },
  thresholds: {
    http_req_duration: ['p(95)<500'],
    checks: ['rate>0.95'],
    checkout_ok: ['rate>0.95'],
    'http_req_duration{group:::checkout}': ['p(99)<1000'],
  },
};

export function setup() {
  return { token: 'abc' };
}

export default function (data) {
  group('browse', () => {
    const res = http.get(`${BASE_URL}/ok`, { tags: { page: 'home' } });
    check(res, { 'home is up': (r) => r.status === 200 });
  });
  group('checkout', () => {
    const res = http.post(`${BASE_URL}/orders`, JSON.stringify({ t: data.token }), {
      headers: { 'Content-Type': 'application/json' },
    });
    cartTime.add(res.timings.duration);
    orders.add(1);
    checkoutOk.add(res.status === 201);
    check(res, { 'order created': (r) => r.status === 201 });
  });
}
