// Starts Debian's Chromium for the HTML report tests: headless, offline, with a fresh
// profile; never a browser of Playwright's own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createRequire} from 'node:module';

export async function launch(modules) {
    const require = createRequire(path.join(modules, 'noop.js'));
    const {chromium} = require('playwright-core');
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'factlint-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium',
        headless: true,
        acceptDownloads: true,
        viewport: {width: 1280, height: 900},
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
               '--no-first-run', '--disable-background-networking',
               '--disable-component-update', '--disable-sync'],
    });
    return {
        context,
        async close() {
            await context.close();
            fs.rmSync(profile, {recursive: true, force: true});
        },
    };
}
