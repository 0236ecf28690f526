import type { Scenario } from './scenario';

/**
 * Temperature in a reefer trailer: a 5 °C set point with slow compressor cycling and sensor noise;
 * a door opening at a stop lets warm air in for a few minutes; a reefer failure makes the load
 * drift towards the ambient 22 °C until the unit is repaired.
 *
 * @example
 * const model = new ReeferModel(['door-opening'], random);
 * model.temperatureAt(95); // °C at minute 95 of the trip
 */
export class ReeferModel {
    readonly #doorOpenAt: number;
    readonly #failureAt: number;
    readonly #repairedAt: number;

    readonly #scenarios: readonly Scenario[];
    readonly #random: () => number;
    readonly #setPointC;

    constructor(scenarios: readonly Scenario[], random: () => number, setPointC = 5) {
        this.#scenarios = scenarios;
        this.#random = random;
        this.#setPointC = setPointC;
        this.#doorOpenAt = 20 + Math.floor(random() * 40);
        this.#failureAt = 30 + Math.floor(random() * 30);
        this.#repairedAt = this.#failureAt + 75;
    }

    temperatureAt(minute: number): number {
        let temperature = this.#setPointC + 0.6 * Math.sin(minute / 9) + (this.#random() - 0.5) * 0.3;
        if (this.#scenarios.includes('door-opening') && minute >= this.#doorOpenAt && minute < this.#doorOpenAt + 6) {
            // Warm air rushes in, then the unit pulls the temperature back down.
            temperature += 5.5 * Math.exp(-(minute - this.#doorOpenAt) / 3);
        }
        if (this.#scenarios.includes('reefer-failure') && minute >= this.#failureAt && minute < this.#repairedAt) {
            const ambient = 22;
            temperature += (ambient - temperature) * (1 - Math.exp(-(minute - this.#failureAt) / 40));
        }
        return Math.round(temperature * 100) / 100;
    }
}
