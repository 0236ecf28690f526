import { z } from 'zod';

/**
 * ISO 4217 active currency codes by their minor units (digits after the decimal point). Codes not
 * listed are refused rather than given a default: a typo such as "EUE" or a made-up code must not
 * reach the ledger, and nobody can say how many decimals an unknown currency allows. Precious
 * metals and other units without minor units (XAU, XDR …) are not order currencies.
 */
const CODES_BY_MINOR_UNITS: Record<number, string> = {
    0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
    2:
        'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW ' +
        'CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL HTG HUF IDR ILS ' +
        'INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN ' +
        'NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC ' +
        'SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
    3: 'BHD IQD JOD KWD LYD OMR TND',
    4: 'CLF UYW',
};

const MINOR_UNITS: ReadonlyMap<string, number> = new Map(
    Object.entries(CODES_BY_MINOR_UNITS).flatMap(([digits, codes]) => codes.split(' ').map((code) => [code, Number(digits)] as const)),
);

/**
 * How many digits a currency allows after the decimal point, or undefined for a code that is not an
 * active ISO 4217 currency.
 *
 * @example
 * currencyMinorUnits('EUR'); // 2
 * currencyMinorUnits('JPY'); // 0
 * currencyMinorUnits('KWD'); // 3
 */
export function currencyMinorUnits(currency: string): number | undefined {
    return MINOR_UNITS.get(currency);
}

/** An active ISO 4217 currency code such as EUR. */
export const Currency = z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as EUR')
    .refine((code) => MINOR_UNITS.has(code), 'is not an active ISO 4217 currency code');

/** The largest amount a price may name, in whole units of its currency. */
export const MAX_AMOUNT_DIGITS = 9;

/**
 * A positive amount of money as a decimal string, so it is never rounded by a binary float on its
 * way (`5e-324` and `0.1 + 0.2` cannot be prices). At most nine digits before the point; how many
 * after it depends on the currency (see {@link amountFitsCurrency}).
 *
 * @example
 * DecimalAmount.parse('12.50'); // '12.50'
 * DecimalAmount.parse('0');     // throws: must be greater than zero
 */
export const DecimalAmount = z
    .string()
    .regex(new RegExp(`^(0|[1-9]\\d{0,${MAX_AMOUNT_DIGITS - 1}})(\\.\\d{1,4})?$`), `must be a decimal string such as "12.50", at most ${MAX_AMOUNT_DIGITS} digits before the point`)
    .refine((amount) => /[1-9]/.test(amount), 'must be greater than zero');

/**
 * Why an amount has more decimals than its currency allows, or undefined when it fits. Unknown
 * currencies are left to {@link Currency}.
 *
 * @example
 * amountProblem('12.5', 'JPY'); // 'JPY takes no decimals'
 * amountProblem('12.50', 'EUR'); // undefined
 */
export function amountProblem(amount: string, currency: string): string | undefined {
    const allowed = currencyMinorUnits(currency);
    const decimals = amount.split('.')[1]?.length ?? 0;
    if (allowed === undefined || decimals <= allowed) {
        return undefined;
    }
    return allowed === 0 ? `${currency} takes no decimals` : `${currency} takes at most ${allowed} decimal${allowed === 1 ? '' : 's'}`;
}

/**
 * A zod refinement for an object with an amount and its currency: reports, on the amount's field,
 * an amount with more decimals than the currency allows.
 *
 * @example
 * z.strictObject({ unitPrice: DecimalAmount, currency: Currency }).superRefine(amountFitsCurrency('unitPrice'));
 */
export function amountFitsCurrency<K extends string>(amountField: K) {
    return (value: { [F in K]?: string } & { currency?: string }, ctx: z.RefinementCtx): void => {
        const amount = value[amountField];
        if (amount === undefined || value.currency === undefined) {
            return;
        }
        const problem = amountProblem(amount, value.currency);
        if (problem) {
            ctx.addIssue({ code: 'custom', message: problem, path: [amountField] });
        }
    };
}
