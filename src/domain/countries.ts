/**
 * ISO 3166-1 country codes and their English names, from i18n-iso-countries. Its package entry registers the names
 * in all its eighty languages (a third of a second at every start); the service reads only English, so it loads the
 * library's core and the English names alone.
 */
import { createRequire } from 'node:module';
import type countriesLibrary from 'i18n-iso-countries';

const require = createRequire(import.meta.url);
const countries = require('i18n-iso-countries/index.js') as typeof countriesLibrary;
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

export default countries;
