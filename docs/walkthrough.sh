#!/usr/bin/env bash
# The whole 四单 lifecycle with curl against `./sidan up` (needs curl and jq). README.md shows the same steps.
set -euo pipefail
KC=http://localhost:8180/realms/sidan/protocol/openid-connect/token
REQ=http://localhost:8081 DIS=http://localhost:8082 RAT=http://localhost:8083
tok() { curl -sf -d grant_type=password -d client_id=sidan-cli -d "username=$1" -d password=sidan "$KC" | jq -r .access_token; }
RES=$(tok resident1); DISP=$(tok dispatcher1); RED=$(tok team-red); REV=$(tok reviewer1)
json=(-H 'Content-Type: application/json')

# 1. 群众点单: resident1 asks for a haircut at home
ID=$(curl -sf -H "Authorization: Bearer $RES" "${json[@]}" -d '{"category":"ELDERLY_CARE","item":"HAIRCUT",
  "title":"老人上门理发","description":"我母亲行动不便，想请志愿者上门理发。",
  "location":{"grid":"G-HPL-01","address":"和平里街道3号楼2单元501"},"urgency":"NORMAL","contactPhone":"13912345678"}' \
  $REQ/api/requests | jq -r .id)
echo "request $ID submitted"
until curl -sf -H "Authorization: Bearer $DISP" $DIS/api/dispatch/cases/$ID >/dev/null; do sleep 0.5; done

# 2. 平台派单: the dispatcher looks at the ranked teams and assigns the best one
curl -sf -H "Authorization: Bearer $DISP" $DIS/api/dispatch/cases/$ID/suggestions | jq -c '.[0] | {teamId, score}'
curl -sf -H "Authorization: Bearer $DISP" "${json[@]}" -d '{"teamId":"red-vest","note":"就近派单"}' \
  $DIS/api/dispatch/cases/$ID/assign | jq -c '{phase, teamId, acceptBy}'

# 3. 团队接单: the red-vest team accepts, goes on site and completes with volunteer hours
curl -sf -X POST -H "Authorization: Bearer $RED" $DIS/api/tasks/$ID/accept | jq -c '{phase, contact: .contact.phone}'
curl -sf -X POST -H "Authorization: Bearer $RED" $DIS/api/tasks/$ID/start | jq -c '{phase}'
curl -sf -H "Authorization: Bearer $RED" "${json[@]}" -d '{"summary":"已完成上门理发","volunteerHours":[
  {"volunteerId":"v-zhang-wei","hours":1.5},{"volunteerId":"v-li-na","hours":1.5}]}' \
  $DIS/api/tasks/$ID/complete | jq -c '{phase}'
until curl -sf -H "Authorization: Bearer $RES" $RAT/api/ratings/$ID >/dev/null; do sleep 0.5; done

# 4. 多元评单: the resident, the platform and a community reviewer rate it
for who in "$RES" "$DISP" "$REV"; do
  curl -sf -H "Authorization: Bearer $who" "${json[@]}" -d '{"overall":5,"timeliness":5,"attitude":5,"quality":4}' \
    $RAT/api/ratings/$ID | jq -c '{status, pendingParties, composite}'
done

# closed, with a verified timeline of every service's events
until [ "$(curl -sf -H "Authorization: Bearer $RES" $REQ/api/requests/$ID | jq -r .status)" = CLOSED ]; do sleep 0.5; done
curl -sf -H "Authorization: Bearer $RES" $REQ/api/requests/$ID | jq -c '{status, compositeScore, timestamps}'
curl -sf -H "Authorization: Bearer $RES" $REQ/api/requests/$ID/timeline | jq -r '"verified: \(.verified)", (.entries[] | "\(.occurredAt)  \(.source)  \(.summary)")'
curl -sf -H "Authorization: Bearer $DISP" $RAT/api/volunteers/v-zhang-wei/points | jq -c '{name, balance}'
