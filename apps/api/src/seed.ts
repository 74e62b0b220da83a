import './register-paths';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from './base/database';
import { seedDemo } from './demo/seed-demo';

/** Command-line seeding of the database named by DATABASE_URL (see tools/seed.mjs). */
async function main(): Promise<void> {
  const url = process.env['DATABASE_URL'];
  if (!url) throw new Error('DATABASE_URL is required');
  await migrate(url);
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    const seeded = await seedDemo(dataSource, (m) => console.log(m));
    if (!seeded) console.log('the database already holds a cycle; nothing seeded');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
