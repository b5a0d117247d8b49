/** The scopes an app may ask for: who the member is, their profile and email, and refresh tokens. */
export const SCOPES = ['openid', 'profile', 'email', 'offline_access'];
