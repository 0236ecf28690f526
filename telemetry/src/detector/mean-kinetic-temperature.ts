/** ΔH/R for the activation energy pharmacopoeias use (83.144 kJ/mol), in kelvin. */
const ACTIVATION_OVER_GAS_CONSTANT_K = 10_000;
const KELVIN = 273.15;

/**
 * Accumulates the mean kinetic temperature (USP <1079>) of equally weighted readings:
 * MKT = (ΔH/R) / −ln(mean(e^(−ΔH/(R·T)))).
 *
 * @example
 * const mkt = MeanKineticTemperature.empty().add(8.5).add(10.1).celsius;
 */
export class MeanKineticTemperature {
    private constructor(
        readonly sum: number,
        readonly count: number,
    ) {}

    static empty(): MeanKineticTemperature {
        return new MeanKineticTemperature(0, 0);
    }

    add(celsius: number): MeanKineticTemperature {
        return new MeanKineticTemperature(this.sum + Math.exp(-ACTIVATION_OVER_GAS_CONSTANT_K / (celsius + KELVIN)), this.count + 1);
    }

    /** Rounded to 0.01 °C; undefined without readings. */
    get celsius(): number | undefined {
        if (this.count === 0) {
            return undefined;
        }
        return Math.round((ACTIVATION_OVER_GAS_CONSTANT_K / -Math.log(this.sum / this.count) - KELVIN) * 100) / 100;
    }
}
