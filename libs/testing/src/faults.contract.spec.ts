import { MAX_FAULT_DELAY_MS, validateFaults } from './faults.contract';

describe('validateFaults (the PUT /__faults contract)', () => {
  it.each([
    [{}, {}],
    [
      { latencyMs: 200, jitterMs: 50 },
      { latencyMs: 200, jitterMs: 50 },
    ],
    [
      { errorRate: 0.5, errorStatus: 503 },
      { errorRate: 0.5, errorStatus: 503 },
    ],
    [
      { hang: true, resetConnections: false },
      { hang: true, resetConnections: false },
    ],
    [{ latencyMs: MAX_FAULT_DELAY_MS }, { latencyMs: MAX_FAULT_DELAY_MS }],
    [
      { tailRate: 0.05, tailMs: 500 },
      { tailRate: 0.05, tailMs: 500 },
    ],
  ])('accepts %j', (body, faults) => {
    expect(validateFaults(body)).toEqual({ faults });
  });

  it.each([
    [null, 'Body must be a JSON object'],
    [[], 'Body must be a JSON object'],
    [{ latency: 5 }, 'Unknown fault field(s): latency'],
    [{ latencyMs: -1 }, 'latencyMs must be a number of milliseconds between 0 and 600000'],
    [{ jitterMs: MAX_FAULT_DELAY_MS + 1 }, 'jitterMs must be a number of milliseconds between 0 and 600000'],
    [{ errorRate: 1.5 }, 'errorRate must be between 0 and 1'],
    [{ tailRate: -0.1 }, 'tailRate must be between 0 and 1'],
    [{ tailMs: -1 }, 'tailMs must be a number of milliseconds between 0 and 600000'],
    [{ errorStatus: 302 }, 'errorStatus must be an integer between 400 and 599'],
    [{ errorStatus: 500.5 }, 'errorStatus must be an integer between 400 and 599'],
    [{ hang: 'yes' }, 'hang must be a boolean'],
  ])('rejects %j', (body, error) => {
    expect(validateFaults(body)).toEqual({ error });
  });
});
