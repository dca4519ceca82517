WITH attempts AS (
  SELECT
    c.id,
    c.created,
    c.status,
    c.amount,
    c.currency,
    c.failure_code,
    c.disputed,
    sum(CASE WHEN c.status = 'failed' THEN 1 ELSE 0 END) OVER (
      ORDER BY c.created RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND INTERVAL '1' HOUR FOLLOWING
    ) AS failed_within_hour
  FROM charges c
  WHERE c.customer_id = '{customer_id}'
    AND c.created >= DATE '{from_date}'
    AND c.created < DATE '{to_date}' + INTERVAL '1' DAY
)
SELECT
  a.id AS charge_id,
  date_format(a.created, '%Y-%m-%d %H:%i') AS created_utc,
  a.status,
  a.amount,
  a.currency,
  a.failure_code,
  d.reason AS dispute_reason,
  d.status AS dispute_status,
  a.failed_within_hour,
  CASE
    WHEN d.reason = 'fraudulent' THEN 'fraud_dispute'
    WHEN a.failed_within_hour >= 5 AND a.status = 'failed' THEN 'card_testing'
    WHEN a.status = 'failed' THEN 'declined'
    ELSE 'paid'
  END AS finding
FROM attempts a
LEFT JOIN disputes d ON d.charge_id = a.id
ORDER BY a.created
