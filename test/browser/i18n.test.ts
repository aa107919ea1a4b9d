/**
 * Languages in the built app (issue 8 item 1): English by default; the header's language switch
 * turns the interface into Spanish or French (texts, numbers, dates, `<html lang>`), and the
 * choice survives a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { openApp } from './harness';

let app: Awaited<ReturnType<typeof openApp>>;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];

const text = async (sel: string) => ((await page.textContent(sel)) ?? '').trim();
const lang = () => page.evaluate(() => document.documentElement.lang);
/** The incident total as the page shows it, and the number behind it. */
async function total(): Promise<{ shown: string; n: number }> {
  const el = page.locator('[data-testid=total-count]');
  return { shown: ((await el.textContent()) ?? '').trim(), n: Number(await el.getAttribute('data-count')) };
}

beforeAll(async () => {
  app = await openApp();
  context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(app.origin + '/');
  await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: 90_000 });
});

afterAll(async () => {
  await app?.close();
});

describe('language switch', () => {
  it('starts in English', async () => {
    expect(await lang()).toBe('en');
    expect(await page.inputValue('[data-testid=language]')).toBe('en');
    expect(await text('header')).toContain('nothing is uploaded');
    const { shown, n } = await total();
    expect(n).toBeGreaterThan(1000);
    expect(shown).toBe(new Intl.NumberFormat('en-GB').format(n));
  });

  it('switches to Spanish: texts, numbers, dates and <html lang>', async () => {
    await page.selectOption('[data-testid=language]', 'es');
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    expect(await text('header')).toContain('Sus datos permanecen en este navegador: no se sube nada.');
    expect(await text('[data-testid=dataset-label]')).toContain('datos sintéticos, no es un lugar real');
    expect(await text('[data-testid=tab-hotspots]')).toBe('Puntos calientes');
    expect(await text('[data-testid=legend]')).toContain('Incidentes por celda');
    const { shown, n } = await total();
    expect(shown).toBe(new Intl.NumberFormat('es-ES').format(n));
    expect(shown).toMatch(/^\d{1,3}(\.\d{3})+$/);
    // The date span under "Date range" is written the Spanish way.
    expect(await page.textContent('aside.filters')).toMatch(/Todas las fechas \(del 1 ene 2022 al 31 dic 2024\)/);
    // The heat map's days are Spanish weekdays, Monday first.
    const heat = (await page.locator('[data-testid=chart-hour-weekday]').innerText()).split(/\s+/);
    for (const d of ['Lun', 'Mar', 'Mié', 'Jue', 'Vie', 'Sáb', 'Dom', 'Hora']) expect(heat).toContain(d);
    // An analysis in Spanish: the hot-spot classes and their legend.
    await page.click('[data-testid=tab-hotspots]');
    await page.waitForSelector('[data-testid=hs-classes]', { timeout: 60_000 });
    expect(await text('[data-testid=hs-classes]')).toContain('Punto caliente, 99 % de confianza');
    expect(await text('[data-testid=overlay-legend]')).toContain('¿Qué significan las clases?');
    // The Project button and dialog.
    expect(await text('[data-testid=project-button]')).toMatch(/^Proyecto · /);
    await page.click('[data-testid=project-button]');
    await page.waitForSelector('[data-testid=project-dialog][open]');
    expect(await text('[data-testid=project-export]')).toBe('Exportar el proyecto…');
    expect(await text('[data-testid=project-delete]')).toBe('Borrar todos los datos locales…');
    expect(await text('[data-testid=project-dialog]')).toContain('Un solo archivo');
    await page.keyboard.press('Escape');
    expect(pageErrors.join('\n')).toBe('');
  });

  it('remembers the choice across a reload', async () => {
    // A fresh load of the page (the address without the shared view, so the map starts afresh).
    await page.goto(app.origin + '/');
    await page.waitForSelector('[data-testid=map][data-ready=true]', { timeout: 90_000 });
    expect(await lang()).toBe('es');
    expect(await page.inputValue('[data-testid=language]')).toBe('es');
    expect(await text('[data-testid=tab-charts]')).toBe('Gráficos');
    expect(await text('header')).toContain('Informe de validación');
  });

  it('switches to French, with French number grouping', async () => {
    await page.selectOption('[data-testid=language]', 'fr');
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    expect(await text('header')).toContain('Vos données restent dans ce navigateur');
    expect(await text('[data-testid=tab-repeats]')).toBe('Répétitions');
    expect(await text('[data-testid=project-button]')).toMatch(/^Projet · /);
    const { shown, n } = await total();
    expect(shown).toBe(new Intl.NumberFormat('fr-FR').format(n));
    expect(shown).toMatch(/^\d{1,3}(\u202f\d{3})+$/);
    await page.click('[data-testid=open-report]');
    await page.waitForSelector('[data-testid=validation-report]');
    expect(await text('[data-testid=validation-report]')).toContain('Lignes conservées');
    await page.keyboard.press('Escape');
    expect(await page.evaluate(() => localStorage.getItem('prevention-planner:locale'))).toBe('fr');
    // Back to English for whoever uses this browser profile next.
    await page.selectOption('[data-testid=language]', 'en');
    expect(await lang()).toBe('en');
    expect(await page.evaluate(() => localStorage.getItem('prevention-planner:locale'))).toBe('en');
    expect(pageErrors.join('\n')).toBe('');
  });
});
