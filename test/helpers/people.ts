// The people of the tests' team, one list: their GitHub logins and Slack user ids. Tests that link
// them by Slack id (the Slack harness) and tests that look them up by login (the jobs world) read
// the two views below, so both always mean the same three people.

export const SLACK_ID_BY_LOGIN = { alice: 'U0ALICE', bob: 'U0BOB', carol: 'U0CAROL' } as const;

export type TestLogin = keyof typeof SLACK_ID_BY_LOGIN;

export const LOGIN_BY_SLACK_ID = {
  [SLACK_ID_BY_LOGIN.alice]: 'alice',
  [SLACK_ID_BY_LOGIN.bob]: 'bob',
  [SLACK_ID_BY_LOGIN.carol]: 'carol',
} as const satisfies Record<string, TestLogin>;
