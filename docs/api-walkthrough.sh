#!/usr/bin/env bash
# The coldtrace core scenario through the REST API alone, with curl and jq: batch → order → accept →
# inspect → pack → ship → pickup → deliver → receive → stock → label → sell → complaint → anomaly →
# trace. docs/api.md walks through it step by step; the test suite runs it on both ledgers.
#
#   BASE_URL=http://localhost:3000 PASSWORD=coldtrace-demo bash docs/api-walkthrough.sh
set -euo pipefail
BASE_URL=${BASE_URL:-http://localhost:3000}
PASSWORD=${PASSWORD:-coldtrace-demo}
API="$BASE_URL/api/v1"
RUN=$(date +%s)

# Calls the API; prints the JSON answer, or the problem document and fails.
call() { # TOKEN METHOD PATH [JSON]
    local token=$1 method=$2 path=$3 body=${4:-} out status
    out=$(mktemp)
    status=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "$API$path" \
        -H "authorization: Bearer $token" ${body:+-H 'content-type: application/json' --data "$body"})
    if [ "$status" -ge 400 ]; then
        echo "$method $path answered $status: $(cat "$out")" >&2
        rm -f "$out"
        return 1
    fi
    cat "$out"
    rm -f "$out"
}
login() { # USERNAME -> token
    curl -sS -X POST "$API/auth/login" -H 'content-type: application/json' \
        --data "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" | jq -er .token
}
step() { printf '\n== %s\n' "$*"; }

step "1. Each role signs in"
M=$(login manufacturer); C=$(login carrier); R=$(login retailer); A=$(login auditor)

step "2. The manufacturer commissions a batch of 3 serials (GTIN-14, 2–8 °C, 30 min tolerated)"
BATCH=$(call "$M" POST /batches "{\"batchId\":\"WALK-$RUN\",\"gtin\":\"09506000134352\",\"productName\":\"Influenza vaccine\",\"quantity\":3,\"tempMinC\":2,\"tempMaxC\":8,\"maxExcursionMinutes\":30,\"expiryDate\":\"2030-01-01\"}")
BATCH_ID=$(jq -r .batchId <<<"$BATCH")
mapfile -t SERIALS < <(jq -r '.serials[]' <<<"$BATCH")
SERIAL=${SERIALS[0]}
echo "batch $BATCH_ID: ${SERIALS[*]}"

step "3. The retailer orders 3 units at 12.50 EUR (the price goes to a private collection)"
ORDER_ID=$(call "$R" POST /orders '{"gtin":"09506000134352","quantity":3,"manufacturer":"ManufacturerMSP","unitPrice":"12.50","currency":"EUR"}' | jq -r .orderId)
echo "order $ORDER_ID"

step "4. The manufacturer accepts, inspects each serial and packs them into a handling unit (SSCC)"
call "$M" POST "/orders/$ORDER_ID/accept" | jq -c '{orderId, state}'
for s in "${SERIALS[@]}"; do call "$M" POST "/products/$s/inspect" | jq -c '{serial, state}'; done
SSCC=$(call "$M" POST /handling-units "$(jq -nc --args '{serials: $ARGS.positional}' "${SERIALS[@]}")" | jq -r .sscc)
echo "handling unit $SSCC"

step "5. The manufacturer creates the shipment; the carrier attaches a sensor and picks it up"
SHIPMENT_ID=$(call "$M" POST /shipments "{\"orderId\":\"$ORDER_ID\",\"handlingUnits\":[\"$SSCC\"],\"carrier\":\"CarrierMSP\"}" | jq -r .shipmentId)
call "$C" POST "/shipments/$SHIPMENT_ID/sensors" '{"sensorId":"SENSOR-WALK-1"}' | jq -c '{shipmentId, sensors}'
call "$C" POST "/shipments/$SHIPMENT_ID/pickup" | jq -c '{shipmentId, state}'

step "6. The carrier delivers; the retailer receives, stocks, labels and sells one serial"
call "$C" POST "/shipments/$SHIPMENT_ID/deliver" | jq -c '{shipmentId, state}'
call "$R" POST "/shipments/$SHIPMENT_ID/receive" | jq -c '{shipmentId, state}'
for action in stock label sell; do call "$R" POST "/products/$SERIAL/$action" | jq -c '{serial, state}'; done

step "7. A customer complains: the retailer reports a batch anomaly (every serial of the batch is flagged and held)"
call "$R" POST "/batches/$BATCH_ID/anomalies" "{\"reason\":\"customer reports a cloudy vial\",\"serial\":\"$SERIAL\"}" | jq -c '{anomalyId, batchId, reason}'

step "8. Anyone party to the product traces it, by serial or by GS1 Digital Link"
LINK=$(jq -rn --arg s "$SERIAL" '"https://id.gs1.org/01/09506000134352/21/\($s)" | @uri')
call "$R" GET "/trace/$LINK" | jq -c '{state: .product.state, flags: .product.flags, timeline: [.timeline[].state], anomalies: (.anomalies | length)}'
call "$R" GET "/trace/$SERIAL" | jq -e '.product.state == "sold" and .product.flags.anomaly and (.timeline | length) == 8' >/dev/null

step "9. The carrier cannot read the price; the auditor reads the product's history and verifies the chain"
if call "$C" GET "/orders/$ORDER_ID/terms" >/dev/null 2>&1; then echo "the carrier read the price" >&2; exit 1; fi
echo "carrier: 403 on /orders/$ORDER_ID/terms"
call "$A" GET "/history/product/$SERIAL" | jq -c '[.[] | {state: .value.state, org, txId: .txId[0:12]}]'
call "$A" GET /ledger/verify | jq -ce '.ok'
echo
echo "walk-through complete: $SERIAL sold, batch $BATCH_ID under anomaly review"
