// Operator Web App (issue 10). Pages are rendered from Templates/, assets served from Static/.
