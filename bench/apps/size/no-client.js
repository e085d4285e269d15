// No client at all: the size of the app itself, to subtract from the other two builds.
export const sendUsersJoinRoomInvitation = async () => ({ data: {} });
export const sendUserRoomInvitationCancelation = async () => ({ data: {} });
