// Open model: 100 requests per second whatever the response time, against a 50 ms endpoint.
// maxVUs is deliberately too small, so k6 cannot keep the rate and drops iterations: the
// result shows dropped_iterations > 0, and the analysis points at the load generator, not the target.
// k6-standin: arrival-rate
import http from 'k6/http';

const BASE_URL = __ENV.BASE_URL || 'http://127.0.0.1:18080';

export const options = {
  scenarios: {
    steady: {
      executor: 'constant-arrival-rate',
      rate: 100,
      timeUnit: '1s',
      duration: '10s',
      preAllocatedVUs: 2,
      maxVUs: 4,
    },
  },
};

export default function () {
  http.get(`${BASE_URL}/slow?ms=50`);
}
