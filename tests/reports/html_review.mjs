// The HTML review page in a real browser (Debian's Chromium, headless, offline):
// it shows the sample's findings with the flagged spans linked, the filters hide and
// show them, a decision survives a reload, "Export reviews" downloads a baseline that
// --baseline accepts and that suppresses the reviewed finding, a second page shows
// that prior decision, and text from the inputs never becomes markup or script.
// usage: node html_review.mjs FACTLINT SOURCE_DIR NODE_MODULES [SCREENSHOT.png]
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {pathToFileURL} from 'node:url';

import {launch} from './browser.mjs';

const [factlint, source, tools, screenshot] = process.argv.slice(2);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'factlint-html-'));
const sample = 'fixtures/cambodia-2025';

// The sample's two warnings, without the notes on what its rules do not read.
function run(...args) {
    const result = spawnSync(factlint, ['check', '--disable', 'figure/unused,rule/unused',
                                        ...args], {cwd: source, encoding: 'utf8'});
    assert.ok(result.status === 0 || result.status === 1,
              `factlint ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    return result;
}

async function open(browser, file) {
    const page = await browser.context.newPage();
    const problems = [];
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('request', (request) => {
        if (!request.url().startsWith('file:') && !request.url().startsWith('blob:'))
            problems.push(`request to ${request.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    return {page, problems};
}

async function visible(page) {
    return page.locator('li.finding:not([hidden])').count();
}

let failures = 0;
async function check(name, body) {
    try {
        await body();
        console.log(`ok: ${name}`);
    } catch (error) {
        failures++;
        console.log(`FAIL: ${name}\n${error.stack}`);
    }
}

const page1 = path.join(tmp, 'review.html');
run('-f', 'html', '-o', page1, sample);
assert.ok(fs.existsSync(path.join(tools, 'playwright-core')),
          `no playwright-core in ${tools}: run scripts/install-deps.sh --with-test-tools`);
const browser = await launch(tools);
try {
    const {page, problems} = await open(browser, page1);

    await check('the sample findings are listed and linked to the article', async () => {
        assert.equal(await page.locator('li.finding').count(), 2);
        assert.match(await page.locator('#f-1 .message').innerText(), /2,418 arrests/);
        assert.match(await page.locator('#f-2 .message').innerText(), /Licadko/);
        assert.equal(await page.locator('#m-1').innerText(), '2,418');
        assert.equal(await page.locator('#m-2').innerText(), 'Licadko');
        assert.equal(await page.locator('#m-2 a').getAttribute('href'), '#f-2');
        assert.equal(await page.locator('mark.related').count(), 2);
        assert.equal(await page.locator('#shown').innerText(), '2 of 2 findings shown');
        assert.match(await page.locator('#summary').innerText(),
                     /2 warnings, 0 notes in 1 document/);
    });

    await check('the filters hide and show findings and their marks', async () => {
        await page.selectOption('#filter-severity', 'error');
        assert.equal(await visible(page), 0);
        assert.equal(await page.locator('#m-1.hidden').count(), 1);
        await page.selectOption('#filter-severity', 'warning');
        assert.equal(await visible(page), 2);
        await page.selectOption('#filter-rule', 'names/near-miss');
        assert.equal(await visible(page), 1);
        assert.ok(await page.locator('#f-2').isVisible());
        assert.ok(!(await page.locator('#f-1').isVisible()));
        assert.equal(await page.locator('#m-1.hidden').count(), 1);
        await page.selectOption('#filter-rule', '');
        await page.selectOption('#filter-severity', '');
        assert.equal(await visible(page), 2);
        const rules = await page.locator('#filter-rule option').allInnerTexts();
        assert.deepEqual(rules, ['all', 'names/near-miss', 'outcomes-account-for-arrests']);
    });

    await check('the controls are reachable with the keyboard', async () => {
        await page.locator('body').focus();
        await page.keyboard.press('Tab');
        assert.equal(await page.evaluate(() => document.activeElement.id), 'filter-severity');
        await page.locator('#f-2 .head a').focus();
        await page.keyboard.press('Enter');
        assert.ok(page.url().endsWith('#m-2'));
    });

    await check('a decision and a comment survive a reload', async () => {
        await page.fill('#reviewer', 'Sam, "night desk"');
        await page.selectOption('#f-2 select.decision', 'false-positive');
        await page.fill('#f-2 textarea.comment', 'the source spells it so, line 2');
        await page.locator('#f-2 textarea.comment').blur();
        await page.reload();
        assert.equal(await page.locator('#f-2 select.decision').inputValue(), 'false-positive');
        assert.equal(await page.locator('#f-2 textarea.comment').inputValue(),
                     'the source spells it so, line 2');
        assert.equal(await page.locator('#reviewer').inputValue(), 'Sam, "night desk"');
        await page.selectOption('#filter-decision', 'false-positive');
        assert.equal(await visible(page), 1);
        await page.selectOption('#filter-decision', 'undecided');
        assert.equal(await visible(page), 1);
        await page.selectOption('#filter-decision', '');
    });

    const exported = path.join(tmp, 'exported.csv');
    await check('"Export reviews" downloads a baseline that suppresses the finding', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'),
                                              page.click('#export')]);
        assert.equal(download.suggestedFilename(), 'factlint-baseline.csv');
        await download.saveAs(exported);
        const lines = fs.readFileSync(exported, 'utf8').trimEnd().split('\n');
        const fingerprint = await page.locator('#f-2').getAttribute('data-fingerprint');
        assert.deepEqual(lines, [
            'fingerprint,rule,doc,status,reviewer,comment',
            `${fingerprint},names/near-miss,${sample}/article.txt,false-positive,` +
                '"Sam, ""night desk""","the source spells it so, line 2"',
        ]);
        const report = JSON.parse(run('-f', 'json', '--baseline', exported, sample).stdout);
        const names = report.findings.find((f) => f.rule === 'names/near-miss');
        assert.equal(names.suppressed, true);
        assert.deepEqual(names.suppression,
                         {kind: 'baseline', justification: 'the source spells it so, line 2'});
        assert.equal(report.findings.find((f) => f.rule !== 'names/near-miss').suppressed, false);
        assert.equal(report.summary.suppressed, 1);
    });

    await check('the page makes no request and raises no script error', async () => {
        assert.deepEqual(problems, []);
    });

    await check('a page made with --baseline shows the prior decision', async () => {
        const page2 = path.join(tmp, 'reviewed.html');
        run('-f', 'html', '--baseline', exported, '-o', page2, sample);
        const fresh = await launch(tools);
        try {
            const {page: second} = await open(fresh, page2);
            assert.equal(await second.locator('#f-2 select.decision').inputValue(),
                         'false-positive');
            assert.match(await second.locator('#f-2 .prior').innerText(),
                         /false-positive by Sam, "night desk" — the source spells it so/);
            assert.match(await second.locator('#f-2 .badge').innerText(), /suppressed/);
            assert.equal(await second.locator('#f-1 select.decision').inputValue(), '');
        } finally {
            await fresh.close();
        }
    });

    if (screenshot) {
        await page.setViewportSize({width: 1280, height: 860});
        await page.goto(pathToFileURL(page1).href);
        await page.screenshot({path: screenshot});
    }
    await page.close();

    await check('text from the inputs stays text', async () => {
        const hostile = path.join(tmp, 'hostile');
        fs.mkdirSync(hostile);
        const payload = '</script><script>window.pwned=1</script>' +
                        '<img src=x onerror="window.pwned=2">';
        fs.writeFileSync(path.join(hostile, 'article.txt'), `Figures ${payload} here.\n`);
        const cell = `"${payload.replace(/"/g, '""')}"`;
        fs.writeFileSync(path.join(hostile, 'figures.csv'),
                         `doc,key,value,line,col\narticle.txt,a.b,${cell},1,9\n`);
        const page3 = path.join(tmp, 'hostile.html');
        const result = spawnSync(factlint, ['check', '-f', 'html', '-o', page3, hostile],
                                 {cwd: source, encoding: 'utf8'});
        assert.equal(result.status, 1, result.stderr);
        const {page: third, problems: thirdProblems} = await open(browser, page3);
        assert.equal(await third.evaluate(() => window.pwned), undefined);
        assert.equal(await third.locator('main img, main script').count(), 0);
        assert.match(await third.locator('li.finding .message').first().innerText(),
                     /<\/script><script>window\.pwned=1/);
        assert.deepEqual(thirdProblems, []);
    });
} finally {
    await browser.close();
    fs.rmSync(tmp, {recursive: true, force: true});
}
console.log(failures ? `${failures} checks failed` : 'all checks passed');
process.exit(failures ? 1 : 0);
