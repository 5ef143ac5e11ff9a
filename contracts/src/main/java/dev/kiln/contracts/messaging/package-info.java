/** What travels beside the events: the correlation id that ties a request to everything it causes. */
package dev.kiln.contracts.messaging;
