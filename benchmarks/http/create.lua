-- wrk script for the S3 create endpoint: POST a new subdivision per request.
-- Codes are "<prefix>-<n>", unique within a run (one wrk thread), and the
-- prefix (BENCH_PREFIX, lower case) sorts after every ISO code, so created
-- rows never enter the list endpoint's first 50.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local prefix = os.getenv("BENCH_PREFIX") or "zz"
local counter = 0

request = function()
  counter = counter + 1
  local body = string.format(
    '{"code":"%s-%d","name":"Bench %d","type":"Region","country":"FR","parent":null}',
    prefix, counter, counter)
  return wrk.format(nil, nil, nil, body)
end
