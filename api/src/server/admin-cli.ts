#!/usr/bin/env node
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { UserDirectory } from '../auth';
import { USER_ROLES, type UserRole } from '../contract';

const USAGE = `usage: npm run admin -- <command> [--data DIR]

commands:
  user list                              list users (name, role, organization, demo)
  user add NAME --role ROLE [--org MSP]  add a user; the password is read from COLDTRACE_PASSWORD or asked for
  user passwd NAME                       set a user's password (same sources)
  user remove NAME                       remove a user; their tokens stop working at once

roles: ${USER_ROLES.join(', ')}`;

/** `npm run admin`: manages the people who may sign in to the API. */
async function main(argv: string[]): Promise<number> {
    const option = (name: string) => {
        const at = argv.indexOf(`--${name}`);
        if (at < 0) {
            return undefined;
        }
        const [value] = argv.splice(at, 2).slice(1);
        if (!value) {
            throw new Error(`--${name} needs a value`);
        }
        return value;
    };
    const dataDir = resolve(option('data') ?? process.env.COLDTRACE_DATA ?? './data');
    const role = option('role');
    const org = option('org');
    const [noun, verb, name] = argv;
    if (noun !== 'user' || !verb) {
        console.log(USAGE);
        return noun === undefined || noun === '--help' ? 0 : 2;
    }
    const users = UserDirectory.open(join(dataDir, 'users.json'));
    switch (verb) {
        case 'list':
            console.table(users.list());
            return 0;
        case 'add':
            if (!name || !role) {
                throw new Error('user add needs a NAME and --role');
            }
            if (!USER_ROLES.includes(role as UserRole)) {
                throw new Error(`--role must be one of ${USER_ROLES.join(', ')}`);
            }
            console.log(`added ${JSON.stringify(await users.add({ username: name, role: role as UserRole, org, password: await password() }))}`);
            return 0;
        case 'passwd':
            await users.setPassword(required(name), await password());
            console.log(`password of ${name} changed`);
            return 0;
        case 'remove':
            users.remove(required(name));
            console.log(`removed ${name}`);
            return 0;
        default:
            console.log(USAGE);
            return 2;
    }
}

function required(name: string | undefined): string {
    if (!name) {
        throw new Error('name the user');
    }
    return name;
}

async function password(): Promise<string> {
    if (process.env.COLDTRACE_PASSWORD) {
        return process.env.COLDTRACE_PASSWORD;
    }
    if (!process.stdin.isTTY) {
        throw new Error('set COLDTRACE_PASSWORD or run in a terminal to be asked for the password');
    }
    const prompt = createInterface({ input: process.stdin, output: process.stdout });
    try {
        return await prompt.question('password (at least 10 characters): ');
    } finally {
        prompt.close();
    }
}

main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (error: Error) => {
        console.error(`coldtrace-admin: ${error.message}`);
        process.exitCode = 1;
    },
);
