/** `npm run db:migrate` and `npm run db:seed` (stop the app first when using the embedded database). */
import { closeDb, getDbHandle } from "@db/client.server";
import { seedDemo } from "@db/demo/seed";
import { checkConfig } from "~/modules/config.server";

checkConfig();
const command = process.argv[2];
const handle = getDbHandle();
try {
  await handle.migrate();
  console.log(`migrations applied (${handle.describe})`);
  if (command === "seed") await seedDemo(handle.db, console.log);
  else if (command !== "migrate") {
    console.error(`unknown command "${command}": use migrate or seed`);
    process.exitCode = 2;
  }
} finally {
  await closeDb();
}
