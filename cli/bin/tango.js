#!/usr/bin/env node
// The `tango` command. Plain JavaScript so it runs before anything can compile TypeScript: it
// registers tsx's loader in this process, then hands over to the TypeScript entry point.
import { register } from 'tsx/esm/api'

register()
await import('../src/main.ts')
