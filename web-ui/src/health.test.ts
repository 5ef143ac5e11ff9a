import { describe, expect, it } from 'vitest';
import { describeHealth } from './health';

describe('describeHealth', () => {
  it('reads the status of a Spring Boot health document', () => {
    expect(describeHealth('gateway', { status: 'UP', components: {} })).toEqual({ name: 'gateway', status: 'UP' });
  });

  it('says UNKNOWN for a body that is not a health document', () => {
    expect(describeHealth('gateway', '<html>')).toEqual({ name: 'gateway', status: 'UNKNOWN' });
    expect(describeHealth('gateway', null)).toEqual({ name: 'gateway', status: 'UNKNOWN' });
  });
});
