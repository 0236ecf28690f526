/** MSP IDs of the four coldtrace organizations. */
export const Org = {
    Manufacturer: 'ManufacturerMSP',
    Carrier: 'CarrierMSP',
    Retailer: 'RetailerMSP',
    Auditor: 'AuditorMSP',
} as const;

export type OrgMspId = (typeof Org)[keyof typeof Org];

export const ALL_ORGS: readonly OrgMspId[] = [Org.Manufacturer, Org.Carrier, Org.Retailer, Org.Auditor];

/** Certificate attribute (Fabric CA style) that lets a carrier identity write excursions and digests. */
export const ROLE_ATTRIBUTE = 'coldtrace.role';
export const DETECTOR_ROLE = 'detector';

/** Private data collection holding order prices; its members are the order's two parties. */
export const ORDER_TERMS_COLLECTION = 'orderTerms';
export const ORDER_TERMS_MEMBERS: readonly string[] = [Org.Manufacturer, Org.Retailer];
