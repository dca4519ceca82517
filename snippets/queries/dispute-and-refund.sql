WITH charge AS (
  SELECT c.id, c.amount, c.currency, c.amount_refunded
  FROM charges c
  WHERE c.id = '{charge_id}'
),
dispute AS (
  SELECT d.charge_id, d.status, d.reason, d.created, d.evidence_details_due_by
  FROM disputes d
  WHERE d.charge_id = '{charge_id}'
),
refund AS (
  SELECT r.charge_id, r.status, r.amount, r.created
  FROM refunds r
  WHERE r.charge_id = '{charge_id}'
)
SELECT
  ch.id AS charge_id,
  ch.amount,
  ch.currency,
  ch.amount_refunded,
  dp.status AS dispute_status,
  date_format(dp.evidence_details_due_by, '%Y-%m-%d') AS respond_by_utc,
  rf.status AS refund_status,
  date_format(rf.created, '%Y-%m-%d') AS refunded_on_utc,
  CASE
    WHEN dp.status IS NULL AND rf.status IS NULL THEN 'no_dispute'
    WHEN dp.status IS NULL THEN 'refund_only'
    WHEN rf.status IS NOT NULL AND rf.created < dp.created THEN 'refunded_before_dispute'
    WHEN rf.status IS NOT NULL THEN 'refund_after_dispute'
    WHEN dp.status = 'lost' THEN 'dispute_lost'
    WHEN dp.status IN ('won', 'warning_closed') THEN 'dispute_closed'
    ELSE 'dispute_open'
  END AS finding
FROM charge ch
LEFT JOIN dispute dp ON dp.charge_id = ch.id
LEFT JOIN refund rf ON rf.charge_id = ch.id
