#ifndef POSTIE_TLS_H
#define POSTIE_TLS_H
#endif
