package s3store

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/smithy-go/logging"
)

// Defaults of Settings' zero fields.
const (
	// DefaultTimeout bounds each HTTP attempt, its body included: a
	// ranged GET of a read-ahead block, one part of an upload.
	DefaultTimeout = time.Minute
	// DefaultPartSize is the part size of uploads: an upload holds about
	// four parts in memory, and S3 takes at most 10,000 parts (78 GiB
	// at this size).
	DefaultPartSize = 8 << 20
	// MinPartSize is the smallest part S3 takes (but for the last).
	MinPartSize = 5 << 20
	// defaultRegion is used when none is set: S3-compatible stores
	// ignore it, and AWS names the bucket's own region when it differs.
	defaultRegion = "us-east-1"
)

// Settings say which store to use and how. Empty fields leave the AWS
// SDK's standard resolution in place: credentials from the environment,
// the shared config and credentials files (a profile), web identity
// (EKS, IRSA) or the instance's role; the region and endpoint from the
// shared config.
type Settings struct {
	// Region is the bucket's region (AWS_REGION); "" leaves it to the
	// shared config, else us-east-1.
	Region string
	// Profile is a profile of the shared config files (AWS_PROFILE).
	Profile string
	// AccessKeyID, SecretAccessKey and SessionToken are static
	// credentials; set, they replace the standard chain.
	AccessKeyID, SecretAccessKey, SessionToken string
	// Endpoint is the store's URL, for S3-compatible stores
	// (http://127.0.0.1:9000); "" is AWS's.
	Endpoint string
	// PathStyle addresses buckets as endpoint/bucket/key rather than
	// bucket.endpoint/key: most S3-compatible stores need it.
	PathStyle bool
	// Timeout bounds each HTTP attempt, its body included (0:
	// DefaultTimeout).
	Timeout time.Duration
	// MaxAttempts is how many times a call is tried (throttling, 5xx,
	// connection errors), with the SDK's standard backoff (0: the SDK's
	// default, 3).
	MaxAttempts int
	// PartSize is the part size of uploads, at least MinPartSize (0:
	// DefaultPartSize).
	PartSize int64
	// ListPageSize is how many keys a listing asks for per request (0:
	// the store's maximum, 1000).
	ListPageSize int32
}

// String describes the settings without their secrets.
func (s Settings) String() string {
	creds := "the standard chain"
	switch {
	case s.AccessKeyID != "":
		creds = "static keys"
	case s.Profile != "":
		creds = "profile " + s.Profile
	}
	return fmt.Sprintf("s3 (region %q, endpoint %q, path style %t, credentials from %s)", s.Region, s.Endpoint, s.PathStyle, creds)
}

// check refuses settings no store could be used with.
func (s Settings) check() error {
	switch {
	case s.PartSize != 0 && s.PartSize < MinPartSize:
		return fmt.Errorf("s3: the upload part size is %d bytes, under the %d MiB S3 requires; give a larger one", s.PartSize, MinPartSize>>20)
	case (s.AccessKeyID == "") != (s.SecretAccessKey == ""):
		return fmt.Errorf("s3: give both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither (then the profile or the instance's role is used)")
	case s.Timeout < 0 || s.MaxAttempts < 0 || s.ListPageSize < 0:
		return fmt.Errorf("s3: a negative timeout, attempt count or page size")
	}
	return nil
}

// awsConfig loads the SDK's configuration with the settings on top.
func (s Settings) awsConfig(ctx context.Context) (aws.Config, error) {
	timeout := s.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	opts := []func(*config.LoadOptions) error{
		config.WithHTTPClient(awshttp.NewBuildableClient().WithTimeout(timeout)),
		config.WithDefaultRegion(defaultRegion),
		// The SDK would print its notes (a response without a
		// checksum to validate) on stderr; errors say what went wrong.
		config.WithLogger(logging.Nop{}),
	}
	if s.Region != "" {
		opts = append(opts, config.WithRegion(s.Region))
	}
	if s.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(s.Profile))
	}
	if s.AccessKeyID != "" {
		opts = append(opts, config.WithCredentialsProvider(credentials.NewStaticCredentialsProvider(s.AccessKeyID, s.SecretAccessKey, s.SessionToken)))
	}
	if s.MaxAttempts > 0 {
		opts = append(opts, config.WithRetryMaxAttempts(s.MaxAttempts))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("s3: loading the AWS configuration (check AWS_PROFILE and the shared config files): %w", err)
	}
	return cfg, nil
}

// client makes the S3 client of the settings.
func (s Settings) client(cfg aws.Config) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		if s.Endpoint != "" {
			o.BaseEndpoint = aws.String(s.Endpoint)
		}
		o.UsePathStyle = s.PathStyle
	})
}
