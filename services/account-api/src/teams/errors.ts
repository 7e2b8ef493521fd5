import { NotFound } from '@turumba/platform/errors';

export class TeamNotFound extends NotFound {
  constructor() {
    super('Team');
  }
}

export class TeamMemberNotFound extends NotFound {
  constructor() {
    super('Team member');
  }
}
