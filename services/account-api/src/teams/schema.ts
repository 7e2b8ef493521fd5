import { PageQuery } from '@turumba/contracts';
import { ListQuery } from '@turumba/platform/query';
import { z } from 'zod';

export const Team = z.object({
  id: z.uuid(),
  account_id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  member_count: z.number().int().nonnegative(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type Team = z.infer<typeof Team>;

export const TeamMemberRole = z.enum(['member', 'lead']);
export type TeamMemberRole = z.infer<typeof TeamMemberRole>;

/** A user in a team, with the user's name and email. */
export const TeamMember = z.object({
  team_id: z.uuid(),
  user_id: z.uuid(),
  role: TeamMemberRole,
  name: z.string(),
  email: z.string(),
  is_active: z.boolean(),
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
});
export type TeamMember = z.infer<typeof TeamMember>;

const Name = z.string().trim().min(1).max(100);
const Description = z.string().trim().max(1000);

export const CreateTeamBody = z.object({ name: Name, description: Description.nullable().optional() });
export type CreateTeamBody = z.infer<typeof CreateTeamBody>;

export const UpdateTeamBody = z.object({
  name: Name.optional(),
  description: Description.nullable().optional(),
});
export type UpdateTeamBody = z.infer<typeof UpdateTeamBody>;

export const ListTeamsQuery = ListQuery;
export type ListTeamsQuery = z.infer<typeof ListTeamsQuery>;

export const ListMembersQuery = PageQuery;
export type ListMembersQuery = z.infer<typeof ListMembersQuery>;

export const TeamParams = z.object({ id: z.uuid() });
export const TeamMemberParams = z.object({ id: z.uuid(), user_id: z.uuid() });

export const AddMemberBody = z.object({ user_id: z.uuid(), role: TeamMemberRole.default('member') });
export type AddMemberBody = z.infer<typeof AddMemberBody>;

export const UpdateMemberBody = z.object({ role: TeamMemberRole });
export type UpdateMemberBody = z.infer<typeof UpdateMemberBody>;

/** `GET /internal/teams/{id}/members?account_id=` (service token), for routing. */
export const InternalTeamQuery = z.object({ account_id: z.uuid() });
export const InternalTeamMembers = z.object({
  team_id: z.uuid(),
  account_id: z.uuid(),
  members: z.array(TeamMember),
});
