import { Type } from '@sinclair/typebox';
import { Limits } from '../limits.js';
import { Id, Text } from './common.js';

export const StaffRole = Type.Union([Type.Literal('admin'), Type.Literal('staff')]);

export const StaffMember = Type.Object({
  id: Id,
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRole,
  community: Type.Object({ id: Id, slug: Type.String(), name: Type.String() }),
});

export const SessionRequest = Type.Object(
  {
    email: Text(Limits.email, { minLength: 3 }),
    password: Text(Limits.password, { minLength: 1 }),
  },
  { additionalProperties: false },
);

export const SessionResponse = Type.Object({ staff: StaffMember });
