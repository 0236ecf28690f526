import { z } from 'zod';

/** The roles a person signs in with; each acts on the ledger as a member of one organization. */
export const USER_ROLES = ['manufacturer', 'carrier', 'retailer', 'auditor'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const Username = z
    .string()
    .min(2)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"');

export const LoginRequest = z.strictObject({
    username: z.string().min(1).max(64),
    password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export interface UserView {
    username: string;
    role: UserRole;
    /** MSP ID of the organization the user acts for. */
    org: string;
    /**
     * Present (true) for a consortium administrator of the organization: the user's ledger
     * certificate carries coldtrace.admin=true, so it may propose and approve members.
     */
    admin?: true;
}

export interface LoginResponse {
    token: string;
    /** ISO-8601 time the token stops being accepted. */
    expiresAt: string;
    user: UserView;
}
