/**
 * Country specs for the countries the fake knows (`GET /v1/country_specs/:country`). Stripe accounts in
 * these countries can present charges in the same ~135 currencies; bank accounts, transfer countries and
 * verification fields differ. Countries not listed (e.g. CN) answer 404 like an unsupported country.
 */

/** Presentment currencies for card payments (lowercase ISO 4217). */
const PAYMENT_CURRENCIES = [
  'usd', 'aed', 'afn', 'all', 'amd', 'ang', 'aoa', 'ars', 'aud', 'awg', 'azn', 'bam', 'bbd', 'bdt', 'bgn',
  'bhd', 'bif', 'bmd', 'bnd', 'bob', 'brl', 'bsd', 'bwp', 'byn', 'bzd', 'cad', 'cdf', 'chf', 'clp', 'cny',
  'cop', 'crc', 'cve', 'czk', 'djf', 'dkk', 'dop', 'dzd', 'egp', 'etb', 'eur', 'fjd', 'fkp', 'gbp', 'gel',
  'gip', 'gmd', 'gnf', 'gtq', 'gyd', 'hkd', 'hnl', 'htg', 'huf', 'idr', 'ils', 'inr', 'isk', 'jmd', 'jod',
  'jpy', 'kes', 'kgs', 'khr', 'kmf', 'krw', 'kwd', 'kyd', 'kzt', 'lak', 'lbp', 'lkr', 'lrd', 'lsl', 'mad',
  'mdl', 'mga', 'mkd', 'mmk', 'mnt', 'mop', 'mur', 'mvr', 'mwk', 'mxn', 'myr', 'mzn', 'nad', 'ngn', 'nio',
  'nok', 'npr', 'nzd', 'omr', 'pab', 'pen', 'pgk', 'php', 'pkr', 'pln', 'pyg', 'qar', 'ron', 'rsd', 'rub',
  'rwf', 'sar', 'sbd', 'scr', 'sek', 'sgd', 'shp', 'sle', 'sos', 'srd', 'std', 'szl', 'thb', 'tjs', 'tnd',
  'top', 'try', 'ttd', 'twd', 'tzs', 'uah', 'ugx', 'uyu', 'uzs', 'vnd', 'vuv', 'wst', 'xaf', 'xcd', 'xof',
  'xpf', 'yer', 'zar', 'zmw',
];

/** Currencies the fake accepts on PaymentIntents (any presentment currency above). */
export const SUPPORTED_CURRENCIES: ReadonlySet<string> = new Set(PAYMENT_CURRENCIES);

/** Zero-decimal currencies: amounts are in whole units. */
export const ZERO_DECIMAL_CURRENCIES: ReadonlySet<string> = new Set([
  'bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf',
]);

const SEPA = [
  'AT', 'BE', 'BG', 'CH', 'CY', 'CZ', 'DE', 'DK', 'EE', 'ES', 'FI', 'FR', 'GB', 'GI', 'GR', 'HR', 'HU', 'IE',
  'IS', 'IT', 'LI', 'LT', 'LU', 'LV', 'MC', 'MT', 'NL', 'NO', 'PL', 'PT', 'RO', 'SE', 'SI', 'SK',
];

const ADDRESS = ['address.city', 'address.line1', 'address.postal_code'];

function verification(extraIndividual: string[], extraCompany: string[]) {
  const individual = [
    'business_profile.mcc',
    'business_profile.url',
    'business_type',
    'external_account',
    ...ADDRESS.map((f) => `individual.${f}`),
    'individual.dob.day',
    'individual.dob.month',
    'individual.dob.year',
    'individual.email',
    'individual.first_name',
    'individual.last_name',
    'individual.phone',
    ...extraIndividual,
    'tos_acceptance.date',
    'tos_acceptance.ip',
  ];
  const company = [
    'business_profile.mcc',
    'business_profile.url',
    'business_type',
    ...ADDRESS.map((f) => `company.${f}`),
    'company.name',
    'company.phone',
    'company.tax_id',
    ...extraCompany,
    'external_account',
    'owners_provided',
    'representative.dob.day',
    'representative.dob.month',
    'representative.dob.year',
    'representative.email',
    'representative.first_name',
    'representative.last_name',
    'representative.phone',
    'representative.relationship.title',
    'tos_acceptance.date',
    'tos_acceptance.ip',
  ];
  return {
    individual: { minimum: individual, additional: ['individual.verification.document'] },
    company: { minimum: company, additional: ['representative.verification.document'] },
  };
}

interface CountryDefinition {
  defaultCurrency: string;
  bankAccountCurrencies: Record<string, string[]>;
  transferCountries: string[];
  paymentMethods: string[];
  extraIndividual: string[];
  extraCompany: string[];
}

const EUROPE: Omit<CountryDefinition, 'defaultCurrency'> = {
  bankAccountCurrencies: { eur: SEPA },
  transferCountries: SEPA,
  paymentMethods: ['card', 'stripe'],
  extraIndividual: [],
  extraCompany: ['directors_provided', 'executives_provided'],
};

const COUNTRIES: Record<string, CountryDefinition> = {
  US: {
    defaultCurrency: 'usd',
    bankAccountCurrencies: { usd: ['US'] },
    transferCountries: ['US'],
    paymentMethods: ['ach', 'card', 'stripe'],
    extraIndividual: ['individual.address.state', 'individual.ssn_last_4'],
    extraCompany: ['company.address.state', 'representative.ssn_last_4'],
  },
  CA: {
    defaultCurrency: 'cad',
    bankAccountCurrencies: { cad: ['CA'], usd: ['CA', 'US'] },
    transferCountries: ['CA', 'US'],
    paymentMethods: ['ach', 'card', 'stripe'],
    extraIndividual: ['individual.address.state', 'individual.id_number'],
    extraCompany: ['company.address.state'],
  },
  GB: { ...EUROPE, defaultCurrency: 'gbp', bankAccountCurrencies: { gbp: ['GB'], eur: SEPA } },
  DE: { ...EUROPE, defaultCurrency: 'eur' },
  FR: { ...EUROPE, defaultCurrency: 'eur' },
  NL: { ...EUROPE, defaultCurrency: 'eur' },
  IE: { ...EUROPE, defaultCurrency: 'eur' },
  CH: { ...EUROPE, defaultCurrency: 'chf', bankAccountCurrencies: { chf: ['CH'], eur: SEPA } },
  AU: {
    defaultCurrency: 'aud',
    bankAccountCurrencies: { aud: ['AU'] },
    transferCountries: ['AU'],
    paymentMethods: ['card', 'stripe'],
    extraIndividual: ['individual.address.state'],
    extraCompany: ['company.address.state'],
  },
  NZ: {
    defaultCurrency: 'nzd',
    bankAccountCurrencies: { nzd: ['NZ'] },
    transferCountries: ['NZ'],
    paymentMethods: ['card', 'stripe'],
    extraIndividual: [],
    extraCompany: [],
  },
  JP: {
    defaultCurrency: 'jpy',
    bankAccountCurrencies: { jpy: ['JP'] },
    transferCountries: ['JP'],
    paymentMethods: ['card', 'stripe'],
    extraIndividual: ['individual.first_name_kana', 'individual.last_name_kana'],
    extraCompany: ['company.name_kana', 'company.name_kanji'],
  },
  SA: {
    defaultCurrency: 'sar',
    bankAccountCurrencies: { sar: ['SA'] },
    transferCountries: ['SA'],
    paymentMethods: ['card', 'stripe'],
    extraIndividual: ['individual.id_number'],
    extraCompany: [],
  },
};

export function isKnownCountry(country: string): boolean {
  return Object.hasOwn(COUNTRIES, country);
}

export function defaultCurrencyFor(country: string): string {
  return COUNTRIES[country]?.defaultCurrency ?? 'usd';
}

/** The `country_spec` object, or undefined for an unsupported country. */
export function countrySpec(country: string): Record<string, unknown> | undefined {
  const definition = COUNTRIES[country];
  if (!definition) return undefined;
  return {
    id: country,
    object: 'country_spec',
    default_currency: definition.defaultCurrency,
    supported_bank_account_currencies: definition.bankAccountCurrencies,
    supported_payment_currencies: PAYMENT_CURRENCIES,
    supported_payment_methods: definition.paymentMethods,
    supported_transfer_countries: definition.transferCountries,
    verification_fields: verification(definition.extraIndividual, definition.extraCompany),
  };
}
