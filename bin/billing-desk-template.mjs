#!/usr/bin/env node
// Launcher for the `billing-desk-template` command: the CLI is TypeScript and the project ships
// no compiled copy, so it runs through tsx (a devDependency) registered as a module loader.
import { register } from 'tsx/esm/api';

register();
await import('./billing-desk-template.ts');
