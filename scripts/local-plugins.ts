// What this product hands CloudBase Local at start (it depends on none of our code): the collections
// and indexes of database/schema.ts, the calendar behind the console's 「+1 工作日」 (statutory
// holidays and 调休 of the default policy), the function WeChat's pushes go to (config/message-push.json),
// and the 演示 script that files the demo company's
// complaint (scripts/local-demo.js). `npm start` (scripts/cloudbase-local.ts) and the tests use it.
import fs from 'fs';
import path from 'path';
import type { CloudBaseLocalPlugins } from '@wuye/cloudbase-local';
import { collections } from '../database/schema';
import { isWorkingDay, localDate, nextLocalDate } from '../domain/calendar';
import { DEFAULT_POLICY } from '../domain/policy';
import messagePush from '../config/message-push.json';

/** The same local time on the next working day of the default calendar. */
export function nextWorkingDay(now: Date): Date {
  let date = nextLocalDate(localDate(now));
  for (let i = 0; i < 60 && !isWorkingDay(DEFAULT_POLICY.calendar, date); i++) date = nextLocalDate(date);
  return new Date(now.getTime() + (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${localDate(now)}T00:00:00Z`)));
}

// Beside this file under the test runner; from dist/ (the bundled start file) in the source tree.
const DEMO = [path.join(__dirname, 'local-demo.js'), path.join(__dirname, '..', 'scripts', 'local-demo.js')].find((f) => fs.existsSync(f)) ?? path.join(__dirname, 'local-demo.js');

export function productPlugins(): CloudBaseLocalPlugins {
  return { collections, nextWorkingDay, demoScript: DEMO, messagePushFunction: messagePush.function };
}
