import http from 'k6/http';
import { check, group } from 'k6';

export const options = {
  scenarios: { shared: { executor: 'shared-iterations', vus: 2, iterations: 60 } },
  thresholds: {
    'http_req_duration{name:checkout}': ['p(95)<400', 'max<2000', 'avg>5'],
    'http_req_duration': ['med>=0', 'p(99.9)<3000', 'min>0'],
    'checks': ['rate>0.99'],
    'iterations': ['count==60'],
    'http_reqs': ['count>=120', 'rate>1'],
    'vus_max': ['value==2'],
    'group_duration{group:::checkout}': ['p(90)<3000'],
  },
};

export default function () {
  group('browse', () => {
    const r = http.get('http://127.0.0.1:18418/ok', { tags: { name: 'browse' } });
    check(r, { 'browse is 200': (x) => x.status === 200 });
  });
  group('checkout', () => {
    const r = http.get('http://127.0.0.1:18418/slow?ms=' + (10 + (__ITER % 4) * 5), { tags: { name: 'checkout' } });
    check(r, { 'checkout is 200': (x) => x.status === 200 });
  });
}
