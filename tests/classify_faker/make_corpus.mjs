// Writes a labelled classifier corpus whose values come from @faker-js/faker (a third-party
// generator of fake data, pinned in package.json), so that the classifier is measured on values
// its authors did not generate. The sentence templates around the values are ours; every
// sensitive value and every look-alike is faker's. Same format as tests/corpus/*.tsv
// (docs/classification.md, "Labelled corpus"). Deterministic: fixed seed, fixed faker version.
//   node make_corpus.mjs OUT_DIR [PER_KIND]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faker } from '@faker-js/faker';

const [outDir, perKindArg] = process.argv.slice(2);
if (!outDir) {
  console.error('usage: node make_corpus.mjs OUT_DIR [PER_KIND]');
  process.exit(2);
}
const perKind = Number(perKindArg ?? 200);
if (!Number.isInteger(perKind) || perKind < 1 || perKind > 100000) {
  console.error(`make_corpus.mjs: PER_KIND must be an integer from 1 to 100000, not '${perKindArg}'`);
  process.exit(2);
}
faker.seed(20261122);

const esc = (s) =>
  s.replaceAll('\\', '\\\\').replaceAll('\t', '\\t').replaceAll('\n', '\\n').replaceAll('\r', '\\r');
const pick = (xs) => faker.helpers.arrayElement(xs);
const lines = [];
const add = (label, detector, type, text) => lines.push([label, detector, type, esc(text)].join('\t'));
const times = (n, f) => { for (let i = 0; i < n; ++i) f(i); };

// Positives: faker's values in the places such values stand in logs, records and mail.
const issuers = ['visa', 'mastercard', 'american_express', 'discover', 'jcb'];
times(perKind, () => {
  const card = faker.finance.creditCardNumber({ issuer: pick(issuers) });
  add('+', 'payment_card', 'text', pick([
    `Card number: ${card}`,
    `payment accepted, card ${card}, exp ${faker.date.future().toISOString().slice(0, 7)}`,
    `{"customer": "${faker.person.fullName()}", "card": "${card}"}`,
  ]));
});
times(perKind, () => {
  const iban = faker.finance.iban({ formatted: faker.datatype.boolean() });
  add('+', 'iban', 'text', pick([`IBAN ${iban}`, `Please transfer to ${iban} by Friday.`,
    `beneficiary=${faker.company.name()};account=${iban}`]));
});
// faker draws a routing number's first two digits at random; the Federal Reserve assigns only
// 00-12, 21-32, 61-72 and 80, so faker's others are look-alikes, labelled negative.
const abaAssigned = (r) => {
  const p = Number(r.slice(0, 2));
  return p <= 12 || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p === 80;
};
times(perKind, () => {
  const r = faker.finance.routingNumber();
  add(abaAssigned(r) ? '+' : '-', 'aba_routing', 'text', pick([`routing number ${r}`,
    `ABA: ${r}, account ${faker.finance.accountNumber()}`]));
});
times(perKind, () => {
  add('+', 'swift_bic', 'text', pick([`SWIFT code: ${faker.finance.bic()}`,
    `BIC ${faker.finance.bic({ includeBranchCode: faker.datatype.boolean() })}`]));
});
times(perKind, () => {
  const email = faker.internet.email();
  add('+', 'email_address', 'text', pick([`From: ${faker.person.fullName()} <${email}>`,
    `contact ${email} for details`, `{"email": "${email}"}`]));
});
times(perKind, () => {
  const v4 = faker.datatype.boolean();
  const ip = v4 ? faker.internet.ipv4() : faker.internet.ipv6();
  // Loopback and "this network" addresses identify no host; the detector skips them by design.
  const local = v4 && (ip.startsWith('127.') || ip.startsWith('0.'));
  add(local ? '-' : '+', v4 ? 'ip_address' : 'ipv6_address', 'text',
    pick([`client ${ip} connected`, `"remote_addr": "${ip}"`]));
});
times(perKind, () => {
  add('+', 'jwt', 'text', pick([`Authorization: Bearer ${faker.internet.jwt()}`,
    `token=${faker.internet.jwt()}`]));
});
times(perKind, () => {
  const d = faker.date.birthdate();
  const iso = d.toISOString().slice(0, 10);
  const [y, m, day] = iso.split('-');
  add('+', 'date_of_birth', 'text', pick([`DOB: ${iso}`, `Date of birth: ${m}/${day}/${y}`,
    `{"name": "${faker.person.fullName()}", "dob": "${iso}"}`, `born ${m}/${day}/${y}`]));
});
times(perKind, () => {
  const user = faker.internet.username().replace(/[^A-Za-z0-9._-]/g, '');
  const pw = faker.internet.password({ length: faker.number.int({ min: 10, max: 20 }) })
    .replace(/[@/:?#\s]/g, 'x');
  const host = faker.internet.domainName();
  add('+', 'url_password', 'text', pick([`postgres://${user}:${pw}@${host}:5432/app`,
    `https://${user}:${pw}@${host}/repo.git`]));
});
times(perKind, () => {
  add('+', 'aws_secret_key', 'text',
    `aws_secret_access_key = ${faker.string.alphanumeric(30)}/${faker.string.alphanumeric(9)}`);
});

// Look-alikes: faker's numbers and ids that share a shape with sensitive values.
const negatives = [
  ['payment_card', () => `IMEI ${faker.phone.imei()}`],
  ['payment_card', () => `IMEI ${faker.phone.imei().replaceAll('-', '')}`],
  ['payment_card', () => `order ${faker.string.numeric(16)} shipped`],
  ['payment_card', () => `tracking ${faker.string.numeric(12)}`],
  ['iban', () => `ref ${faker.string.alpha({ length: 2, casing: 'upper' })}${faker.string.numeric(20)}`],
  ['iban', () => `vin ${faker.vehicle.vin()}`],
  ['aba_routing', () => `account ${faker.finance.accountNumber(9)}`],
  ['aba_routing', () => `zip ${faker.location.zipCode('#####-####')}`],
  ['swift_bic', () => `${faker.word.words(3).toUpperCase()} ${faker.string.alpha({ length: 8, casing: 'upper' })}`],
  ['email_address', () => `user ${faker.internet.username()} at ${faker.internet.domainWord()}`],
  ['ip_address', () => `version ${faker.system.semver()}`],
  ['ip_address', () => `build ${faker.number.int(9)}.${faker.number.int(99)}.${faker.number.int(999)}.${faker.number.int({ min: 1000, max: 99999 })}`],
  ['jwt', () => `session ${faker.string.alphanumeric(40)}.${faker.string.alphanumeric(20)}`],
  ['date_of_birth', () => `created ${faker.date.recent().toISOString()}`],
  ['date_of_birth', () => `invoice date ${faker.date.past().toISOString().slice(0, 10)}`],
  ['url_password', () => `https://${faker.internet.domainName()}/${faker.system.filePath().slice(1)}`],
  ['aws_secret_key', () => `commit ${faker.git.commitSha()}`],
  ['aws_secret_key', () => `checksum ${faker.string.hexadecimal({ length: 40, prefix: '' })}`],
];
for (const [detector, make] of negatives) {
  times(Math.ceil(perKind / 2), () => add('-', detector, 'text', make()));
}

// Benign text: faker's prose, product data and identifiers; no detector may fire on it.
const benign = [
  () => faker.lorem.paragraph(),
  () => faker.commerce.productDescription(),
  () => `${faker.company.name()}: ${faker.company.catchPhrase()}`,
  () => faker.hacker.phrase(),
  () => faker.person.bio(),
  () => `${faker.location.streetAddress()}, ${faker.location.city()}`,
  () => `id=${faker.string.uuid()} sha=${faker.git.commitSha()} ts=${faker.date.recent().toISOString()}`,
  () => `ISBN ${faker.commerce.isbn()} price ${faker.commerce.price()} USD`,
  () => `{"sku": "${faker.commerce.isbn(10)}", "qty": ${faker.number.int(500)}, "amount": "${faker.finance.amount()}"}`,
  () => `mac ${faker.internet.mac()} color ${faker.color.rgb()} port ${faker.internet.port()}`,
  () => `object ${faker.database.mongodbObjectId()} ${faker.database.column()} ${faker.database.type()}`,
  () => `lat ${faker.location.latitude()} lon ${faker.location.longitude()}`,
  () => `flight ${faker.airline.flightNumber({ addLeadingZeros: true })} seat ${faker.airline.seat()} PNR ${faker.airline.recordLocator()}`,
  () => `${faker.system.commonFileName()} ${faker.system.mimeType()} ${faker.number.int(1e6)} bytes`,
];
for (const make of benign) times(Math.ceil(perKind / 2), () => add('-', '*', 'text', make()));

mkdirSync(outDir, { recursive: true });
const header = `# Generated by tests/classify_faker/make_corpus.mjs with @faker-js/faker 9.9.0 (seed 20261122)\n` +
  '# label\tdetector\tcontent_type\ttext (\\n \\t \\r \\\\ escaped)\n';
writeFileSync(join(outDir, 'faker.tsv'), header + lines.join('\n') + '\n');
console.log(`${lines.length} samples written to ${join(outDir, 'faker.tsv')}`);
