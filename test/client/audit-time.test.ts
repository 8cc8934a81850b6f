// An audit event's inserted_at has no declared format: one written without an offset is a UTC time,
// not a time in the zone of the machine rolesync runs on (a CI runner's zone would shift attribution).
import { afterEach, describe, expect, it } from 'vitest';
import { parseAuditEvent } from '../../src/client/audit.js';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

const event = (insertedAt: string) => ({ event_type: 'role_added', inserted_at: insertedAt });

describe('audit event times', () => {
  it('reads inserted_at without an offset as UTC, whatever the local zone', () => {
    process.env.TZ = 'America/New_York';
    expect(parseAuditEvent(event('2024-08-23T14:39:29.125812'), 'GET x').at).toBe(
      Date.UTC(2024, 7, 23, 14, 39, 29, 125),
    );
    expect(parseAuditEvent(event('2024-08-23T14:39:29.125812Z'), 'GET x').at).toBe(
      Date.UTC(2024, 7, 23, 14, 39, 29, 125),
    );
    expect(parseAuditEvent(event('2024-08-23T16:39:29+02:00'), 'GET x').at).toBe(Date.UTC(2024, 7, 23, 14, 39, 29));
  });
});
