/**
 * The `db` session engine (the default): one `sessions.Session` row per session, data signed
 * (Django's `django.contrib.sessions.backends.db`).
 *
 * @module
 */
import { atomic, IntegrityError } from 'tango/db'
import { Session } from '../models.ts'
import { AUTH_USER_ID_KEY, CreateError, SessionBase, UpdateError } from './base.ts'
import type { SessionData } from './base.ts'

/** One of a user's live sessions, as {@link DbSessionStore.listForUser} returns it. */
export interface ActiveSession {
  /**
   * The session's key: a bearer credential. Compare it with `request.session.sessionKey` to mark
   * the current one; never render it into a page.
   */
  readonly sessionKey: string
  /** When the session expires unless used again. */
  readonly expireDate: Date
  /** The session's values (for example what the auth app stores about the login). */
  readonly data: SessionData
}

/** The user id hint kept in the `userId` column: the session's `_auth_user_id`, as a string. */
function userIdOf(data: SessionData): string | null {
  const id = data[AUTH_USER_ID_KEY]
  return id === undefined || id === null ? null : String(id)
}

/**
 * Sessions stored in the database (as Django's `db.SessionStore`). Needs the sessions app in
 * `INSTALLED_APPS` and its migration applied.
 */
export class DbSessionStore extends SessionBase {
  protected async loadData(): Promise<SessionData> {
    const key = this.sessionKey
    const row = key === null ? null : await Session.objects.filter({ sessionKey: key, expireDate__gt: new Date() }).first()
    if (row === null) {
      this.setSessionKey(null)
      return {}
    }
    return this.decode(row.sessionData)
  }

  async exists(sessionKey: string): Promise<boolean> {
    return Session.objects.filter({ sessionKey }).exists()
  }

  async create(): Promise<void> {
    for (;;) {
      this.setSessionKey(await this.newSessionKey())
      try {
        await this.save(true)
      } catch (error) {
        // Another process took the key between exists() and the insert: pick another.
        if (error instanceof CreateError) continue
        throw error
      }
      this.modified = true
      return
    }
  }

  async save(mustCreate = false): Promise<void> {
    if (this.sessionKey === null) return this.create()
    const data = await this.data(mustCreate)
    // Loading may have found the key unknown or expired: then this is a new session.
    const sessionKey = this.sessionKey
    if (sessionKey === null) return this.create()
    const values = { sessionData: this.encode(data), expireDate: await this.getExpiryDate(), userId: userIdOf(data) }
    if (mustCreate) {
      try {
        // A savepoint, so a duplicate key inside a surrounding transaction does not poison it (PostgreSQL).
        await atomic(() => Session.objects.create({ sessionKey, ...values }))
      } catch (error) {
        if (error instanceof IntegrityError) throw new CreateError('Session key taken.', { cause: error })
        throw error
      }
      return
    }
    const updated = await Session.objects.filter({ sessionKey }).update(values)
    if (updated === 0) throw new UpdateError('The session no longer exists.')
  }

  async deleteSession(sessionKey: string | null = this.sessionKey): Promise<void> {
    if (sessionKey === null) return
    await Session.objects.filter({ sessionKey }).delete()
  }

  /**
   * Deletes every expired row (Django's `clear_expired`; the `clearsessions` command runs it).
   * @returns the number of rows deleted.
   */
  static async clearExpired(): Promise<number> {
    return (await Session.objects.filter({ expireDate__lt: new Date() }).delete()).count
  }

  /**
   * A user's live sessions, newest expiry first. Beyond Django: sessions are found through the
   * `userId` column, a copy of `_auth_user_id` kept on every save, so listing needs no scan.
   * @param userId - the user's primary key (compared as a string).
   */
  static async listForUser(userId: string | number): Promise<ActiveSession[]> {
    const rows = await Session.objects.filter({ userId: String(userId), expireDate__gt: new Date() }).orderBy('-expireDate')
    const store = new DbSessionStore()
    return rows.map((row) => ({ sessionKey: row.sessionKey, expireDate: row.expireDate, data: store.decode(row.sessionData) }))
  }

  /**
   * Ends every session of a user except `currentKey` ("log out my other devices"); with `null`, ends
   * them all (e.g. after a password reset).
   * @returns the number of sessions ended.
   */
  static async endOthers(userId: string | number, currentKey: string | null): Promise<number> {
    let sessions = Session.objects.filter({ userId: String(userId) })
    if (currentKey !== null) sessions = sessions.exclude({ sessionKey: currentKey })
    return (await sessions.delete()).count
  }
}
