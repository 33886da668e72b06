package s3store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	"github.com/aws/smithy-go"
)

// ErrNotFound is wrapped by the error of a call on an object or bucket
// that does not exist.
var ErrNotFound = errors.New("not found")

// ErrAccess is wrapped by the error of a call the store refused: unknown
// access key, wrong secret (a signature that does not match), expired
// token, no permission, or no credentials found at all.
var ErrAccess = errors.New("access denied")

// ErrExists is wrapped by Create's error when the object exists and may
// not be replaced.
var ErrExists = errors.New("exists")

// credentialsHint says where credentials come from.
const credentialsHint = "check the credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE) and that they may use the bucket"

// describe turns an SDK error of op on what (an s3:// URL) into one line
// saying what is wrong and what to do. It never includes credentials.
func (st *Store) describe(op, what string, err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%s %s: %w", op, what, err)
	}
	code, status := errorCode(err)
	switch {
	case code == "NoSuchBucket":
		return fmt.Errorf("%s %s: %w: no such bucket; check its name (and LOADER_S3_ENDPOINT or AWS_ENDPOINT_URL for a store other than AWS)", op, what, ErrNotFound)
	case code == "NoSuchKey" || status == http.StatusNotFound:
		return fmt.Errorf("%s %s: %w: no such object; check the bucket and the key (keys are case-sensitive)", op, what, ErrNotFound)
	case code == "PermanentRedirect" || code == "AuthorizationHeaderMalformed" || status == http.StatusMovedPermanently:
		return fmt.Errorf("%s %s: the bucket is in another region (%s); set AWS_REGION to the bucket's region", op, what, code)
	case isAccess(code) || status == http.StatusForbidden:
		return fmt.Errorf("%s %s: %w (%s): %s", op, what, ErrAccess, cmp.Or(code, "Forbidden"), credentialsHint)
	case isNoCredentials(err):
		return fmt.Errorf("%s %s: %w: no AWS credentials were found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run where a role is attached", op, what, ErrAccess)
	case isAddressing(err) && st.endpoint != "":
		return fmt.Errorf("%s %s: %w; for a store that does not resolve BUCKET.host names, set LOADER_S3_PATH_STYLE=true", op, what, err)
	}
	return fmt.Errorf("%s %s: %w", op, what, err)
}

// errorCode returns the API error code and the HTTP status of err, when
// it has them.
func errorCode(err error) (string, int) {
	var code string
	if ae, ok := errors.AsType[smithy.APIError](err); ok {
		code = ae.ErrorCode()
	}
	status := 0
	if re, ok := errors.AsType[*awshttp.ResponseError](err); ok {
		status = re.HTTPStatusCode()
	}
	return code, status
}

func isAccess(code string) bool {
	switch code {
	case "InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "ExpiredToken", "InvalidToken", "TokenRefreshRequired", "AllAccessDisabled":
		return true
	}
	return false
}

// isNoCredentials reports the SDK's failure to find credentials.
func isNoCredentials(err error) bool {
	s := err.Error()
	return strings.Contains(s, "failed to retrieve credentials") || strings.Contains(s, "failed to refresh cached credentials")
}

// isAddressing reports a failure to resolve a virtual-hosted bucket name.
func isAddressing(err error) bool { return strings.Contains(err.Error(), "no such host") }

// isPreconditionFailed reports a 412: an If-Match that no longer holds.
func isPreconditionFailed(err error) bool {
	code, status := errorCode(err)
	return code == "PreconditionFailed" || status == http.StatusPreconditionFailed
}
