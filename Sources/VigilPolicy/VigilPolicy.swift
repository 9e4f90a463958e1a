// The IAM policy engine lives here (see issue "Identity, IAM policy engine ...").
