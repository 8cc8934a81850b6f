// The Frame.io group calls of apply's reader and writer, for fakes of plans that touch no group
// (test/apply/groups.test.ts applies those against the emulator): a call is a bug there.
const noGroups = async (): Promise<never> => {
  throw new Error('no group call expected');
};

export const NO_GROUP_READS = {
  listGroups: noGroups,
  showGroup: noGroups,
  listWorkspaces: noGroups,
  listGroupMembers: noGroups,
  listWorkspaceGroups: noGroups,
  listProjectGroups: noGroups,
};

export const NO_GROUP_WRITES = {
  createGroup: noGroups,
  addGroupMembers: noGroups,
  removeGroupMember: noGroups,
  setWorkspaceGroupRole: noGroups,
  removeWorkspaceGroup: noGroups,
  setProjectGroupRole: noGroups,
  removeProjectGroup: noGroups,
};
