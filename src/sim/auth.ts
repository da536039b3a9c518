import crypto from 'node:crypto';

// Who may call the simulator. Without a token or an app configured, anyone may (like public
// repositories). With a token, the Authorization header must carry it. With an app, a JWT signed
// by the app's key mints installation tokens, which are then accepted too.

export interface SimAppOptions {
  appId: string;
  installationId: string;
  /** PEM public key matching the app's private key; when absent the JWT signature is not checked */
  publicKey?: string;
  /**
   * The repositories the installation was granted ("Only select repositories"), as owner/name;
   * absent: all of them. As on GitHub, an installation token reads nothing else: 404 (REST) or
   * NOT_FOUND (GraphQL), never a hint that the repository exists.
   */
  repositories?: string[];
}

export class SimAuth {
  private readonly accepted = new Set<string>();
  private readonly installationTokens = new Set<string>();
  private minted = 0;

  constructor(
    token: string | undefined,
    private readonly app: SimAppOptions | undefined,
  ) {
    if (token) this.accepted.add(token);
  }

  get required(): boolean {
    return this.accepted.size > 0 || this.app !== undefined;
  }

  allows(authorization: string | undefined): boolean {
    if (!this.required) return true;
    const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    return credential !== undefined && this.accepted.has(credential);
  }

  /** Whether the caller may read `fullName`: an installation token only its installation's repositories. */
  canRead(authorization: string | undefined, fullName: string): boolean {
    const granted = this.app?.repositories;
    if (!granted) return true;
    const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (credential === undefined || !this.installationTokens.has(credential)) return true;
    return granted.some((repo) => repo.toLowerCase() === fullName.toLowerCase());
  }

  get repositorySelection(): 'all' | 'selected' {
    return this.app?.repositories ? 'selected' : 'all';
  }

  /** POST /app/installations/:id/access_tokens → a new installation token, or why not. */
  mintInstallationToken(authorization: string | undefined, installationId: string, now: Date): { token: string; expiresAt: Date } | { error: string; status: number } {
    if (!this.app) return { status: 404, error: 'Not Found' };
    const jwt = /^bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!jwt || !this.validJwt(jwt)) return { status: 401, error: 'A JSON web token could not be decoded' };
    if (installationId !== this.app.installationId) return { status: 404, error: 'Not Found' };
    this.minted += 1;
    const token = `ghs_sim${String(this.minted).padStart(4, '0')}${crypto.randomBytes(12).toString('hex')}`;
    this.accepted.add(token);
    this.installationTokens.add(token);
    return { token, expiresAt: new Date(now.getTime() + 3_600_000) };
  }

  private validJwt(jwt: string): boolean {
    const [header, payload, signature] = jwt.split('.');
    if (!header || !payload || !signature) return false;
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown };
      if (String(claims.iss) !== this.app!.appId) return false;
      if (!this.app!.publicKey) return true;
      return crypto.verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.app!.publicKey, Buffer.from(signature, 'base64url'));
    } catch {
      return false;
    }
  }
}
