// A test kept as a project: a local module, a CSV read through SharedArray, a JSON config.
// k6-standin: multi-file
import http from 'k6/http';
import { check } from 'k6';
import { SharedArray } from 'k6/data';
import { pick, userAgent } from './lib/util.js';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';
const users = new SharedArray('users', () => open('./data/users.csv').split('\n').slice(1).filter((l) => l));
const config = JSON.parse(open('./data/config.json'));

export const options = { vus: 2, iterations: 6 };

export default function () {
  const user = pick(users, __ITER);
  const r = http.post(BASE_URL + config.path, JSON.stringify({ user }), { headers: { 'Content-Type': 'application/json', 'User-Agent': userAgent() } });
  check(r, { 'created': (x) => x.status === 201, 'echoes the user': (x) => x.json('user') === user });
}
