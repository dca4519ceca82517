SELECT
  d.id AS dispute_id,
  d.charge_id,
  d.amount,
  d.currency,
  d.reason,
  d.status,
  d.is_charge_refundable,
  date_format(d.evidence_details_due_by, '%Y-%m-%d %H:%i') AS respond_by_utc,
  date_diff('day', current_date, CAST(d.evidence_details_due_by AS DATE)) AS days_left,
  CASE
    WHEN d.status IN ('won', 'lost', 'warning_closed') THEN 'decided'
    WHEN d.reason = 'fraudulent' THEN 'fraud_claim'
    WHEN d.status LIKE 'warning%' THEN 'inquiry'
    ELSE 'chargeback'
  END AS finding
FROM disputes d
JOIN charges c ON c.id = d.charge_id
WHERE c.customer_id = '{customer_id}'
  AND d.created >= DATE '{from_date}'
  AND d.created < DATE '{to_date}' + INTERVAL '1' DAY
ORDER BY d.evidence_details_due_by
