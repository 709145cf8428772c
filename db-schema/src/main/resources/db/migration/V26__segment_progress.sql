-- The live progress of each segment of a test on several runners. Until now each segment's runner wrote its own
-- segment's progress into runs.progress with its lease renewal, so a poll showed whichever segment renewed last:
-- half of the test's requests and VUs on two runners, jumping between the segments' figures. Each segment's runner
-- now writes its own row; the document sums them (requests, failed requests, VUs; the longest elapsed time).
ALTER TABLE run_segments ADD COLUMN progress jsonb;
