package main

import (
	"cmp"
	"strconv"
	"time"

	"github.com/warehouse-loader/loader/internal/s3store"
)

// s3Settings are the settings of s3:// paths, from the environment: the
// AWS SDK's standard variables, and LOADER_S3_* for what they lack.
// Whatever is unset is left to the SDK (shared config files, web
// identity, the instance's role).
func (a *app) s3Settings() (s3store.Settings, error) {
	s := s3store.Settings{
		Region:          cmp.Or(a.getenv("AWS_REGION"), a.getenv("AWS_DEFAULT_REGION")),
		Profile:         a.getenv("AWS_PROFILE"),
		AccessKeyID:     a.getenv("AWS_ACCESS_KEY_ID"),
		SecretAccessKey: a.getenv("AWS_SECRET_ACCESS_KEY"),
		SessionToken:    a.getenv("AWS_SESSION_TOKEN"),
		Endpoint:        cmp.Or(a.getenv("LOADER_S3_ENDPOINT"), a.getenv("AWS_ENDPOINT_URL_S3"), a.getenv("AWS_ENDPOINT_URL")),
	}
	var err error
	if v := a.getenv("LOADER_S3_PATH_STYLE"); v != "" {
		if s.PathStyle, err = strconv.ParseBool(v); err != nil {
			return s, usagef("LOADER_S3_PATH_STYLE %q: use true (endpoint/bucket/key, for MinIO, versitygw, Ceph) or false", v)
		}
	}
	if v := a.getenv("LOADER_S3_TIMEOUT"); v != "" {
		if s.Timeout, err = time.ParseDuration(v); err != nil || s.Timeout <= 0 {
			return s, usagef("LOADER_S3_TIMEOUT %q: use a duration such as 30s or 2m, the most one request to the store may take (default %s)", v, s3store.DefaultTimeout)
		}
	}
	if v := a.getenv("AWS_MAX_ATTEMPTS"); v != "" {
		if s.MaxAttempts, err = strconv.Atoi(v); err != nil || s.MaxAttempts < 1 {
			return s, usagef("AWS_MAX_ATTEMPTS %q: use a whole number of tries, at least 1", v)
		}
	}
	if v := a.getenv("LOADER_S3_PART_SIZE"); v != "" {
		mib, err := strconv.ParseInt(v, 10, 64)
		if err != nil || mib < s3store.MinPartSize>>20 || mib > 5<<10 {
			return s, usagef("LOADER_S3_PART_SIZE %q: give the upload part size in MiB, from 5 to 5120 (default %d)", v, s3store.DefaultPartSize>>20)
		}
		s.PartSize = mib << 20
	}
	return s, nil
}

// setupS3 configures the s3:// scheme of the file sources.
func (a *app) setupS3() error {
	s, err := a.s3Settings()
	if err != nil {
		return err
	}
	s3store.Configure(s)
	return nil
}
