SELECT
  s.id AS subscription_id,
  p.nickname AS plan,
  s.status,
  s.cancel_at_period_end,
  date_format(s.cancel_at, '%Y-%m-%d') AS cancels_on_utc,
  date_format(s.canceled_at, '%Y-%m-%d') AS cancelled_on_utc,
  date_format(s.ended_at, '%Y-%m-%d') AS ended_on_utc,
  CASE
    WHEN s.status IN ('canceled', 'incomplete_expired') THEN 'ended'
    WHEN s.status IN ('past_due', 'unpaid') THEN 'payment_due'
    WHEN s.cancel_at_period_end OR s.cancel_at IS NOT NULL THEN 'cancel_scheduled'
    ELSE 'active'
  END AS finding
FROM subscriptions s
LEFT JOIN prices p ON p.id = s.price_id
WHERE s.customer_id = '{customer_id}'
ORDER BY s.created
